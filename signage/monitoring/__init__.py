"""Monitoring and control: commands to screens, heartbeats, status, screenshots, proof of play."""
