"""Pages: the theme, page contexts, page writing, the sitemap."""
