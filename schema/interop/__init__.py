"""The interconnection surface for people: machine clients as system administrators see them."""
