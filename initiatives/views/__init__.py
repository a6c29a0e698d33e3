"""Views of the initiatives app: catalogue, registration, my initiatives, edit, status and
membership. The initiative page itself (public or partner page) is in partnership.views."""
