"""The one error a service raises when a user broke one of its rules.

It is a Django ValidationError, so every view catches it the same way: a form shows it (the
form page helper), a transition turns it into a message (``emulation_portal.lib.views``).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class RuleError(ValidationError):
    """A rule the user broke; the message says which, in their language."""
