"""The kiosk's local agent (CONTRACT §11) and its Chromium launcher.

Standard library only (Python >= 3.11) and never imports `signage`: it is copied alone onto each
kiosk (agent/install.sh). `python -m agent` serves the agent on 127.0.0.1:3001;
`python -m agent kiosk` runs the launcher in the kiosk's graphical session.
"""

__version__ = "1.0.0"
