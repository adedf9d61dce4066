"""The API's views, one module a concept: tokens, clients and dreams, a dream's video, the feed, the schema's pages."""
