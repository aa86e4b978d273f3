"""The dashboard's small UI layer: store access and caching, shared filters, reusable widgets."""
