"""The service pages, one module per area. Thin: scoped lookup → form → one service call."""

PAGE_SIZE = 25
