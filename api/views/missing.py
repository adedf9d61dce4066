"""Any other address under /api/v1/ (an unknown route, an id that is not one): 404 as problem details, for every
method and caller, rather than Django's HTML page."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions
from rest_framework.views import APIView


@extend_schema(exclude=True)
class Missing(APIView):
    authentication_classes = []
    permission_classes = []
    throttle_classes = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound(_("There is nothing at this address of the API."))
