"""Machine clients: other systems and employers, authenticated with OAuth 2.0 client
credentials, holding scopes and a rate limit."""
