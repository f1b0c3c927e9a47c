"""The approval-item catalogue (审批事项): what can be applied for, and each item's settings."""
