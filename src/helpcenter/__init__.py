"""helpcenter: a static-site generator for bilingual self-service help centers."""
