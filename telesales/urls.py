app_name = "telesales"

urlpatterns: list = []
