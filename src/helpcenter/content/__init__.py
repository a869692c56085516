"""The content folder -> validated articles: sources, front matter, Markdown, links, lint."""
