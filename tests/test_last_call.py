"""rebuild.LastCall: what one call worked out, taken by the next (a serve rebuild)."""

from __future__ import annotations

from mkdocs_curriculum.rebuild import LastCall


def counting(made: list[str], value: str):
    def make() -> str:
        made.append(value)
        return value.upper()
    return make


def test_a_value_is_worked_out_once_and_taken_by_the_next_call_only_while_used():
    memo, made = LastCall(), []
    assert memo.value("a", counting(made, "a")) == "A"
    assert memo.value("a", counting(made, "a")) == "A"  # this call's
    memo.next_call()
    assert memo.value("a", counting(made, "a")) == "A"  # the last call's
    assert made == ["a"]
    memo.next_call()  # a call that did not use "a" ...
    memo.next_call()
    assert memo.value("a", counting(made, "a")) == "A"  # ... let it go: worked out again
    assert made == ["a", "a"]


def test_a_value_by_object_is_that_objects_and_of_what_else_it_is_made():
    memo, made = LastCall(), []
    module, other = object(), object()
    assert memo.of(module, counting(made, "m"), "v1") == "M"
    memo.next_call()
    memo.of(module, counting(made, "m"), "v1")
    memo.of(other, counting(made, "o"), "v1")
    memo.of(module, counting(made, "m2"), "v2")
    assert made == ["m", "o", "m2"]
