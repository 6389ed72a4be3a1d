"""The form widgets every app's forms share: the browser's own date and time pickers, and a
whole-number box that brings up a phone's number keypad. Values are written as those inputs
read them (ISO dates; local date and time, which a DateTimeField gives in UK time)."""

from django import forms

# What a datetime-local input sends and shows.
LOCAL_DATETIME = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=LOCAL_DATETIME)


class NumberInput(forms.NumberInput):
    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", **(attrs or {})})
