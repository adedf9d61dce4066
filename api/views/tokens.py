"""Device tokens: sign in with a name and password (and a one-time code where the account has a second factor) for
a token shown once; list your devices' tokens; revoke one."""

from django.contrib.auth import authenticate
from django.contrib.auth.models import update_last_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import tokens
from ..models import DeviceToken
from ..problems import Problem
from ..second_factor import check_second_factor
from ..throttles import SignInThrottle


class SignInSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    device_name = serializers.CharField(max_length=100, help_text="Shown in the list of your devices' tokens.")
    otp = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=16,
        help_text="The one-time code, for a second factor.",
    )


class DeviceTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeviceToken
        fields = ["id", "name", "prefix", "created_at", "expires_at", "last_used_at"]


class IssuedTokenSerializer(DeviceTokenSerializer):
    token = serializers.CharField(help_text="The secret: shown this once. Send it as “Authorization: Bearer …”.")

    class Meta(DeviceTokenSerializer.Meta):
        fields = [*DeviceTokenSerializer.Meta.fields, "token"]


def _signed_in_user(request, data: dict):
    """The account these credentials open (django-axes counts the failures and locks a name out), after its second
    factor where it has one; a Problem otherwise."""
    try:
        user = authenticate(request._request, username=data["username"], password=data["password"])
    except PermissionDenied as error:  # django-axes: locked out; its middleware answers 429
        raise Problem(_("Too many failed sign-ins."), status_code=429, code="locked_out") from error
    if user is None:
        raise Problem(_("The name or the password is wrong."), status_code=401, code="invalid_credentials")
    check_second_factor(request._request, user, data.get("otp", ""))
    # Not the user_logged_in signal: django-axes would open a session (and set a cookie) to log it; an app has none.
    update_last_login(type(user), user)
    return user


class TokenList(APIView):
    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else super().get_permissions()

    def get_throttles(self):
        return [SignInThrottle()] if self.request.method == "POST" else super().get_throttles()

    @extend_schema(operation_id="tokens_list", responses=DeviceTokenSerializer(many=True), tags=["auth"])
    def get(self, request):
        return Response(DeviceTokenSerializer(tokens.tokens_of(request.user), many=True).data)

    @extend_schema(
        operation_id="tokens_create",
        request=SignInSerializer,
        responses={201: IssuedTokenSerializer},
        tags=["auth"],
        auth=[],
        description="Sign in for a device token (valid API_TOKEN_DAYS days). With a second factor (therapists and "
        "staff always), give `otp` too, an authenticator or recovery code: without it the answer is 401 with code "
        "otp_required; a wrong code counts towards the lockout. A therapist without a second factor yet gets 403 "
        "with code second_factor_enrolment_required: they set one up on the site first.",
    )
    def post(self, request):
        serializer = SignInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = _signed_in_user(request, serializer.validated_data)
        token, secret = tokens.token_issue(user=user, name=serializer.validated_data["device_name"])
        token.token = secret
        return Response(IssuedTokenSerializer(token).data, status=status.HTTP_201_CREATED)


class TokenDetail(APIView):
    @extend_schema(operation_id="tokens_destroy", responses={204: None}, tags=["auth"])
    def delete(self, request, token_id):
        tokens.token_revoke(token=get_object_or_404(tokens.tokens_of(request.user), pk=token_id))
        return Response(status=status.HTTP_204_NO_CONTENT)
