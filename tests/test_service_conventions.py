"""One service convention (issue 16, docs/architecture.md "Where logic lives"): every public
function of a module that writes is typed; one that acts for someone takes the actor as
`by: User` (or `User | None`, where a command or the public may act) and every argument by
keyword. Helpers that act for nobody (`workflow`-style checks, `decline_token(referral)`) may
take a positional argument."""

from __future__ import annotations

import importlib
import inspect

from tests.import_graph import WRITES, import_graph

OTHER_ACTOR_NAMES = {"actor", "acting_user", "proposer", "proposed_by"}


def write_functions():
    graph = import_graph()
    for name in sorted({module for module in graph if module.endswith(".services")} | WRITES):
        module = importlib.import_module(name)
        for function_name, function in vars(module).items():
            if function_name.startswith("_") or not inspect.isfunction(function):
                continue
            if function.__module__ == name:
                yield f"{name}.{function_name}", function


def problems_of(function) -> list[str]:
    signature = inspect.signature(function, eval_str=True)
    parameters = signature.parameters.values()
    problems = [
        f"{p.name} untyped"
        for p in parameters
        if p.annotation is p.empty and p.kind is not p.VAR_KEYWORD
    ]
    if signature.return_annotation is signature.empty:
        problems.append("no return type")
    problems += [
        f"the actor is {p.name}, not by" for p in parameters if p.name in OTHER_ACTOR_NAMES
    ]
    by = signature.parameters.get("by")
    if by is not None:
        from accounts.models import User

        if by.annotation not in (User, User | None):
            problems.append(f"by is {by.annotation}, not User")
        problems += [
            f"{p.name} positional"
            for p in parameters
            if p.kind not in (p.KEYWORD_ONLY, p.VAR_KEYWORD)
        ]
    return problems


def test_every_service_is_typed_and_takes_its_actor_as_by_keyword_only(db):
    found = {name: problems_of(function) for name, function in write_functions()}
    assert len(found) > 100  # every app's write modules were read
    broken = {name: problems for name, problems in found.items() if problems}
    assert not broken, "\n".join(f"{name}: {', '.join(p)}" for name, p in broken.items())


def test_the_check_sees_each_kind_of_problem():
    def untyped(by, name):  # noqa: ANN001, ANN202 - the shapes the check must refuse
        pass

    def actor(*, proposer: str) -> None:
        pass

    assert problems_of(untyped) == [
        "by untyped",
        "name untyped",
        "no return type",
        "by is <class 'inspect._empty'>, not User",
        "by positional",
        "name positional",
    ]
    assert problems_of(actor) == ["the actor is proposer, not by"]
