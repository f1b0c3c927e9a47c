"""Webhooks for employers: status changes of the licences they subscribed, signed the
Standard Webhooks way, retried, logged."""
