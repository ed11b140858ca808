"""PAdES signatures on the PDFs the portal issues, with the organisation's certificate.

A PDF reader then shows who issued the file and whether it was altered since. The
certificate is a PKCS#12 file named by PORTAL_PDF_SIGNING_P12 (the local setup makes a
self-signed one with ``manage.py make_signing_certificate``).
"""

from __future__ import annotations

import datetime
import functools
import io
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.conf import settings
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import fields, signers


class SigningNotConfigured(Exception):
    pass


@functools.cache
def _signer(path: str, passphrase: str) -> signers.SimpleSigner:
    signer = signers.SimpleSigner.load_pkcs12(pfx_file=path, passphrase=passphrase.encode() or None)
    if signer is None:
        raise SigningNotConfigured(f"cannot read the signing certificate {path}")
    return signer


def sign_pdf(pdf: bytes, *, reason: str, location: str) -> bytes:
    path = settings.PORTAL_PDF_SIGNING_P12
    if not path or not Path(path).is_file():
        raise SigningNotConfigured("PORTAL_PDF_SIGNING_P12 does not name a certificate file")
    signer = _signer(str(path), settings.PORTAL_PDF_SIGNING_PASSPHRASE)
    metadata = signers.PdfSignatureMetadata(
        field_name="PortalSignature",
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=reason,
        location=location,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    return signers.sign_pdf(writer, metadata, signer=signer).getvalue()


def certificate_create(*, path: Path, organisation: str, passphrase: str, days: int = 3650) -> None:
    """A self-signed certificate for local setups (production uses the organisation's own)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{organisation} (local test)"),
        ]
    )
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            organisation.encode(), key, certificate, None, encryption
        )
    )
    path.chmod(0o600)
