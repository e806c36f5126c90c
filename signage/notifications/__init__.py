"""Notifications (issue 17): what happened that a user should know, in the console (a list with
an unread count) and, for the kinds a user chose, by e-mail in their language."""
