"""What netvaerk tells the layers above it, for changes its models' own signals miss
(bulk writes). Listeners run in the sender's transaction."""

from django.dispatch import Signal

# Sent with network_id= when a network's plan is made (its steps are bulk-created) or a step
# is removed (the later steps are renumbered in bulk).
plan_changed = Signal()
