"""Urgent messages overlaid on screens: their rules, who they reach, and their delivery."""
