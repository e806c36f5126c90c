"""Scheduling: which playlist a screen plays, when (CONTRACT §7).

The pure engine (standard library and zoneinfo only, time always injected):
  windows.py     wall-clock rules -> UTC intervals, DST handled in one place
  resolution.py  the winner at an instant, the next change, the timeline, the explanation
  field_rules.py a schedule's field values: parsing and checks

Around it, with the database: candidates.py (a screen's rules and timezone), schedules.py
(create/update/delete, overlap warnings, playlist:reload to screens whose answer changed),
queries.py (the reads the API and the console share), payloads.py (the wire shapes). What a
schedule is aimed at (a screen or a group) is signage.fleet.targets, shared with alerts.
"""
