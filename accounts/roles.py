"""SEC-5: the general manager, finance and admins log in with a second factor. Admins read
the login log (SEC-4), lift lock-outs and see the second factors and downloads."""

SECOND_FACTOR = "accounts.log_in_with_second_factor"

PERMISSIONS = {
    "general_manager": (SECOND_FACTOR,),
    "finance": (SECOND_FACTOR,),
    "admin": (
        SECOND_FACTOR,
        "axes.view_accesslog",
        "axes.view_accessfailurelog",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "accounts.view_documentdownload",
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
        "otp_static.view_staticdevice",
        "otp_static.delete_staticdevice",
    ),
}
