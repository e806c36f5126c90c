"""STORAGE=s3: objects in one bucket of AWS S3 or any S3-compatible service (S3_ENDPOINT_URL
for Scaleway, R2, MinIO), through boto3."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from signage.media.keys import is_storage_key
from signage.media.objects import ObjectInfo

CHUNK = 256 * 1024
# Content-addressed keys never change content: caches may keep them for a year.
CACHE_CONTROL = "public, max-age=31536000, immutable"


class S3Storage:
    def __init__(
        self,
        bucket: str,
        region: str | None = None,
        access_key: str | None = None,
        secret_key: str | None = None,
        endpoint_url: str | None = None,
    ) -> None:
        self.bucket = bucket
        self._options = {
            "region_name": region,
            "aws_access_key_id": access_key,
            "aws_secret_access_key": secret_key,
            "endpoint_url": endpoint_url,
        }
        self._client: Any = None

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3
            from botocore.config import Config

            self._client = boto3.client(
                "s3", config=Config(retries={"max_attempts": 3, "mode": "standard"}), **self._options
            )
        return self._client

    @staticmethod
    def _check(key: str) -> str:
        if not is_storage_key(key):
            raise ValueError(f"not a storage key: {key!r}")
        return key

    def put_file(self, key: str, path: Path, content_type: str) -> None:
        self.client.upload_file(
            str(path),
            self.bucket,
            self._check(key),
            ExtraArgs={"ContentType": content_type, "CacheControl": CACHE_CONTROL},
        )

    def download(self, key: str, dest: Path) -> None:
        from botocore.exceptions import ClientError

        try:
            self.client.download_file(self.bucket, self._check(key), str(dest))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey"}:
                raise FileNotFoundError(key) from exc
            raise

    def stat(self, key: str) -> ObjectInfo | None:
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._check(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise
        return ObjectInfo(
            size=int(head["ContentLength"]),
            etag=str(head["ETag"]).strip('"'),
            content_type=head.get("ContentType") or "application/octet-stream",
        )

    def read(self, key: str, start: int = 0, stop: int | None = None) -> Iterator[bytes]:
        options: dict[str, Any] = {"Bucket": self.bucket, "Key": self._check(key)}
        if start or stop is not None:
            if stop is not None and stop <= start:
                return
            options["Range"] = f"bytes={start}-{'' if stop is None else stop - 1}"
        body = self.client.get_object(**options)["Body"]
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()

    def list(self, prefix: str) -> list[str]:
        keys: list[str] = []
        paginator = self.client.get_paginator("list_objects_v2")
        for page in paginator.paginate(Bucket=self.bucket, Prefix=prefix):
            keys.extend(item["Key"] for item in page.get("Contents", []))
        return sorted(keys)

    def delete(self, keys: list[str]) -> None:
        for start in range(0, len(keys), 1000):  # the API's batch limit
            batch = [{"Key": self._check(key)} for key in keys[start : start + 1000]]
            if batch:
                self.client.delete_objects(Bucket=self.bucket, Delete={"Objects": batch, "Quiet": True})

    def local_path(self, key: str) -> Path | None:
        return None
