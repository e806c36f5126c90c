"""The audit log (issue 15): every change made through the console or the API, with who, when
and from where, and the sign-ins. Changes are captured in one place, at the ORM's flush, so
no service can forget to log; telemetry (heartbeats, plays) and what players and jobs write
have no actor and are not audited."""
