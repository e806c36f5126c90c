"""The app's URL map, whose matches make no garbage for the cycle collector.

Werkzeug matches a URL with a recursive closure (`StateMachineMatcher.match`'s `_match`
calls itself through its own cell): every match leaves a reference cycle of about ten
objects that only the cycle collector frees. Flask matches the URL of every request, and
Flask-SocketIO builds a request context for every Socket.IO event, so at 2,000 players
those cycles were nearly all of the process's cyclic garbage (a collection every ~15 s
freeing ~40,000 objects, each stopping every socket for 50-180 ms). A match depends only on
the rules and its four arguments: the answer is kept, a copy of its values handed out.
Failed matches (404, 405, redirects) are raised anew each time and not kept.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from werkzeug.routing import Map, Rule
from werkzeug.routing.matcher import StateMachineMatcher

# Distinct URLs remembered: every player's few routes at 1,000 screens, with room. Beyond
# it (URLs made up to fill it) the memory starts again empty.
MAX_REMEMBERED = 8192


class RememberingMatcher(StateMachineMatcher):
    def __init__(self, merge_slashes: bool) -> None:
        super().__init__(merge_slashes)
        self._remembered: dict[tuple[str, str, str, bool], tuple[Rule, dict[str, Any]]] = {}

    def add(self, rule: Rule) -> None:
        self._remembered.clear()
        super().add(rule)

    def update(self) -> None:
        self._remembered.clear()
        super().update()

    def match(
        self, domain: str, path: str, method: str, websocket: bool
    ) -> tuple[Rule, MutableMapping[str, Any]]:
        key = (domain, path, method, websocket)
        known = self._remembered.get(key)
        if known is None:
            rule, values = super().match(domain, path, method, websocket)
            if len(self._remembered) >= MAX_REMEMBERED:
                self._remembered.clear()
            known = self._remembered[key] = (rule, dict(values))
        rule, values = known
        return rule, dict(values)  # the caller adds the rule's defaults to its copy


class RememberingMap(Map):
    def __init__(self, rules: Any = None, **kwargs: Any) -> None:
        super().__init__(None, **kwargs)
        self._matcher = RememberingMatcher(self._matcher.merge_slashes)
        for rule in rules or ():
            self.add(rule)
