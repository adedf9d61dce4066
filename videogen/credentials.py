"""Content credentials (C2PA): a signed manifest in every stored video and poster saying that it was generated, by
what and when — and nothing about the dream, its client or its therapist (design rule 10)."""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from pathlib import Path

import c2pa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

GENERATOR = "DreamTok"
IPTC = "http://cv.iptc.org/newscodes/digitalsourcetype/"
LOCAL = "local"
# The setting that names each provider's video model, for the manifest's generator line.
MODEL_SETTINGS = {
    "luma": "LUMA_MODEL",
    "kling": "KLING_MODEL",
    "runway": "RUNWAY_VIDEO_MODEL",
    "replicate": "REPLICATE_VIDEO_MODEL",
}
MIME = {".mp4": "video/mp4", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}


class CredentialsError(Exception):
    """Signing failed: the certificate or key is missing or refused, or the file could not be signed."""


def describe(*, provider: str, settings, created: dt.datetime) -> dict:
    """What the manifest says, as the job records it: generator, provider and model, source type, creation time."""
    if provider == LOCAL:
        model, source_type = "local renderer", "algorithmicMedia"
    else:
        setting = MODEL_SETTINGS.get(provider)
        model = (getattr(settings, setting) if setting else "") or provider
        source_type = "trainedAlgorithmicMedia"
    return {
        "generator": GENERATOR,
        "provider": provider,
        "model": str(model),
        "source_type": source_type,
        "created": created.astimezone(dt.UTC).isoformat(timespec="seconds"),
    }


def manifest(description: dict) -> dict:
    """The manifest definition: one `c2pa.created` action with its IPTC digital source type, agent and time."""
    local = description["provider"] == LOCAL
    agent = {"name": f"{GENERATOR if local else description['provider']} {description['model']}"}
    return {
        "claim_generator_info": [{"name": GENERATOR, "version": "1"}],
        "title": f"{GENERATOR} generated media",
        "assertions": [
            {
                "label": "c2pa.actions.v2",
                "data": {
                    "actions": [
                        {
                            "action": "c2pa.created",
                            "digitalSourceType": IPTC + description["source_type"],
                            "softwareAgent": agent,
                            "when": description["created"],
                        }
                    ]
                },
            }
        ],
    }


def sign(path: Path, description: dict, *, cert_chain: Path, private_key: Path) -> None:
    """Embed the signed manifest in `path` (MP4 or JPEG), replacing the file only once the signed copy is whole."""
    path = Path(path)
    try:
        chain, key = Path(cert_chain).read_bytes(), Path(private_key).read_bytes()
    except OSError as error:
        raise CredentialsError(f"cannot read the C2PA certificate or key: {error}") from error
    temporary = path.with_name(f".signed-{uuid.uuid4().hex[:8]}-{path.name}")
    try:
        info = c2pa.C2paSignerInfo(b"es256", chain, key, None)
        with c2pa.Signer.from_info(info) as signer, c2pa.Builder(manifest(description)) as builder:
            with path.open("rb") as source, temporary.open("w+b") as target:
                builder.sign(signer, MIME[path.suffix.lower()], source, target)
        os.replace(temporary, path)
    except c2pa.C2paError as error:
        raise CredentialsError(f"C2PA signing failed: {error}") from error
    finally:
        temporary.unlink(missing_ok=True)


def read(path: Path) -> dict:
    """The file's manifest store as c2pa.Reader reports it (JSON parsed); raises c2pa.C2paError when it has none."""
    path = Path(path)
    with path.open("rb") as stream, c2pa.Reader(MIME[path.suffix.lower()], stream) as reader:
        return json.loads(reader.json())


def created_action(store: dict) -> dict:
    """The `c2pa.created` action of the store's active manifest."""
    active = store["manifests"][store["active_manifest"]]
    for assertion in active["assertions"]:
        if assertion["label"].startswith("c2pa.actions"):
            for action in assertion["data"]["actions"]:
                if action["action"] == "c2pa.created":
                    return action
    raise KeyError("c2pa.created")


# --- a development CA and signer (make run, tests) -----------------------------------------------------------------


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, common), x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation)]
    )


def make_development_credentials(chain_path: Path, key_path: Path) -> tuple[Path, Path]:
    """A development CA and a signer it issued (P-256): the chain (signer, then CA) and the signer's key, as PEM.

    C2PA refuses a bare self-signed leaf: the signer has an Organisation, digitalSignature key usage, the
    emailProtection extended key usage and both key identifiers. A chain that exists is kept; the key is written
    first and the chain last, each whole, so whoever finds the chain finds its key.
    """
    chain_path, key_path = Path(chain_path), Path(key_path)
    if chain_path.exists() and key_path.exists():
        return chain_path, key_path
    chain_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.parent.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=5)
    ca_key, signer_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = _name("DreamTok development CA", "DreamTok (development)")
    ca_identifier = x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key())
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(cert_sign=True), critical=True)
        .add_extension(ca_identifier, critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    signer = (
        x509.CertificateBuilder()
        .subject_name(_name("DreamTok content credentials (development)", "DreamTok (development)"))
        .issuer_name(ca_name)
        .public_key(signer_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + dt.timedelta(days=825))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(cert_sign=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(signer_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(ca_identifier), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    key_bytes = signer_key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    _write(key_path, key_bytes)
    _write(chain_path, signer.public_bytes(pem) + ca.public_bytes(pem))
    return chain_path, key_path


def _write(path: Path, data: bytes) -> None:
    """Write a file readable by its owner only, whole or not at all."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    os.replace(temporary, path)


def _usage(*, cert_sign: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not cert_sign,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=cert_sign,
        crl_sign=cert_sign,
        encipher_only=False,
        decipher_only=False,
    )
