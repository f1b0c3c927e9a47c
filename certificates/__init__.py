"""Electronic licences: development PKI, PDF rendering, PAdES B-LTA signing, QR tokens,
verification and the licence lifecycle. Never imports ``registry``, ``schema`` or ``api``."""
