from customers.admin import cards, customers, imports, sealing, surveys  # noqa: F401
