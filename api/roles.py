"""Permissions the roles get on the api app's records: admins register webhooks (API-2),
send test events and read the deliveries and their attempts."""

PERMISSIONS = {
    "admin": (
        "api.add_webhook",
        "api.change_webhook",
        "api.delete_webhook",
        "api.view_webhook",
        "api.view_delivery",
        "api.view_deliveryattempt",
    ),
}
