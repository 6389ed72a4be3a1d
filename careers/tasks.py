"""Background work for careers (django-tasks, database backend; `manage.py db_worker`)."""

from django_tasks import task


@task()
def run_survey_import(job_id: int) -> int:
    """Import a recorded survey upload; returns the rows stored."""
    from careers.services import survey_import_run

    job = survey_import_run(job_id=job_id)
    return job.rows_stored if job else 0
