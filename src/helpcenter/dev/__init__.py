"""Writers' tools: the live preview and article scaffolding."""
