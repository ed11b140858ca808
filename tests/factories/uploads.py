"""What every stored upload keeps (``emulation_portal.lib.uploads.StoredUpload``)."""

from __future__ import annotations

import factory

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


class StoredUploadFactory(factory.django.DjangoModelFactory):
    """A small PDF, as ``upload_check`` describes one; ``file__data`` sets its bytes."""

    class Meta:
        abstract = True

    name = "Biên bản.pdf"
    extension = ".pdf"
    content_type = "application/pdf"
    file = factory.django.FileField(data=PDF, filename="upload.pdf")
    size = factory.LazyAttribute(lambda o: o.file.size)
