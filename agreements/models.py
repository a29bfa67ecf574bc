"""Reflection tools, cooperation agreements (samarbejdsaftaler), their confirmations and history.

The models arrive with the agreements issue; the app is installed now so that its migrations
and URLs slot into the project without touching settings again.
"""
