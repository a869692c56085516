"""Search: analysis, query plans, the one Whoosh module, the exported shards, related articles."""
