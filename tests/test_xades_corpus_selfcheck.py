"""The XAdES login corpus (tests/xades_corpus) checked on its own, without any KSeF Desk verifier:
Debian's xmlsec1 must verify every accepted case it understands (including the certificate chain)
and reject every tampered one; refusals for other reasons must be cryptographically valid, so that
they test the stated reason and nothing else."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import re
import shutil
import subprocess
import tempfile
import time
import zipfile
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from lxml import etree

from ksefdesk.core.auth_request import build_auth_request
from tests.xades_corpus import certs
from tests.xades_corpus.build import REASONS, Case, build_corpus, manifest
from tests.xmlsec_helpers import require_xmlsec1

NIP = "5265877635"
CHALLENGE = "20250514-CR-226FB7B000-3ACF9BE4C0-10"
DSIG = "http://www.w3.org/2000/09/xmldsig#"
XADES = "http://uri.etsi.org/01903/v1.3.2#"
MANIFEST = Path(__file__).parent / "xades_corpus" / "manifest.md"


@pytest.fixture(scope="module")
def corpus() -> dict[str, Case]:
    started = time.perf_counter()
    cases = build_corpus(build_auth_request(CHALLENGE, NIP), nip=NIP)
    assert time.perf_counter() - started < 20, "the corpus must build quickly"
    return {case.name: case for case in cases}


def _xmlsec1(case: Case) -> subprocess.CompletedProcess[str]:
    check = case.xmlsec1
    assert check is not None
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        data = case.data
        if check.expand_entities:
            parser = etree.XMLParser(resolve_entities=True, no_network=True, load_dtd=False)
            data = b'<?xml version="1.0" encoding="UTF-8"?>\n' + etree.tostring(
                etree.fromstring(data, parser), encoding="UTF-8"
            )
        (work / "case.xml").write_bytes(data)
        for name, content in check.side_files:
            (work / name).write_bytes(content)
        args = [require_xmlsec1(), "--verify", "--id-attr:Id", f"{XADES}:SignedProperties"]
        for node in check.id_attrs:
            args += ["--id-attr:Id", node]
        for number, pem in enumerate(check.trusted):
            (work / f"trusted{number}.pem").write_bytes(pem)
            args += ["--trusted-pem", str(work / f"trusted{number}.pem")]
        for number, pem in enumerate(check.untrusted):
            (work / f"untrusted{number}.pem").write_bytes(pem)
            args += ["--untrusted-pem", str(work / f"untrusted{number}.pem")]
        if check.hmac_key is not None:
            (work / "hmac.key").write_bytes(check.hmac_key)
            args += ["--hmackey", str(work / "hmac.key")]
        elif not check.trusted:
            args.append("--insecure")
        # relative (detached) references resolve against the working directory
        return subprocess.run([*args, "case.xml"], capture_output=True, text=True, timeout=120, cwd=work)


def test_case_records_are_complete(corpus: dict[str, Case]) -> None:
    accepted = [c for c in corpus.values() if c.expect == "accept"]
    refused = [c for c in corpus.values() if c.expect == "refuse"]
    assert len(accepted) >= 25 and len(refused) >= 25
    for case in accepted:
        assert case.reason == "" and case.signer and case.signer_name and case.note and case.source, case.name
        kind, value = case.signer
        assert kind in ("pesel", "nip", "fingerprint"), case.name
        if kind == "pesel":
            assert certs.is_valid_pesel(value), case.name
        elif kind == "nip":
            assert certs.is_valid_nip(value), case.name
        else:
            assert re.fullmatch(r"[0-9A-F]{64}", value), case.name
        assert case.needs_person_permission == (case.signer != ("nip", NIP)), case.name
    for case in refused:
        assert case.reason in REASONS and case.signer is None and case.note and case.source, case.name
    # every refusal reason the brief lists is represented
    assert {c.reason for c in refused} == REASONS


def test_podpis_zaufany_names_the_person_not_the_ministry(corpus: dict[str, Case]) -> None:
    for name in ("podpis_zaufany", "podpis_zaufany_legacy_ppzp"):
        case = corpus[name]
        assert case.signer == ("pesel", certs.KATARZYNA.pesel)
        root = etree.fromstring(case.data)
        cert_text = root.findtext(f".//{{{DSIG}}}X509Certificate")
        assert cert_text
        cert = x509.load_der_x509_certificate(base64.b64decode(cert_text))
        assert f"VATPL-{certs.MINISTRY_NIP}" in cert.subject.rfc4514_string()
        roles = root.find(f".//{{{XADES}}}SignedProperties//{{{XADES}}}ClaimedRole")
        assert roles is not None and certs.KATARZYNA.pesel in etree.tostring(roles).decode()


@pytest.mark.parametrize("kind", ["accept", "crypto-valid refusal", "tampered"])
def test_xmlsec1_agrees(corpus: dict[str, Case], kind: str) -> None:
    require_xmlsec1()
    failures = []
    checked = 0
    for case in corpus.values():
        if case.xmlsec1 is None or case.name == "too_many_references":
            continue
        tampered = case.reason in ("tampered", "bad_signature")
        group = "accept" if case.expect == "accept" else ("tampered" if tampered else "crypto-valid refusal")
        if group != kind:
            continue
        checked += 1
        result = _xmlsec1(case)
        verified = result.returncode == 0
        if kind == "accept":
            assert case.xmlsec1.valid and case.xmlsec1.trusted, f"{case.name}: accepted cases are checked strictly"
        if kind == "tampered":
            assert not case.xmlsec1.valid, case.name
        if verified != case.xmlsec1.valid:
            failures.append(f"{case.name}: xmlsec1 rc={result.returncode} {result.stderr[-400:]}")
    assert checked >= {"accept": 25, "crypto-valid refusal": 10, "tampered": 5}[kind]
    assert not failures, "\n".join(failures)


@pytest.mark.slow
def test_xmlsec1_verifies_the_many_references_case(corpus: dict[str, Case]) -> None:
    require_xmlsec1()
    result = _xmlsec1(corpus["too_many_references"])  # ~7 s: xmlsec1 digests all 2,500 references
    assert result.returncode == 0, result.stderr[-400:]


def test_every_tampered_case_is_checked_by_xmlsec1(corpus: dict[str, Case]) -> None:
    for case in corpus.values():
        if case.reason in ("tampered", "bad_signature"):
            assert case.xmlsec1 is not None and not case.xmlsec1.valid, case.name


def _c14n_exclusive(element: etree._Element) -> bytes:
    data: bytes = etree.tostring(element, method="c14n", exclusive=True)
    return data


HASH = {
    "http://www.w3.org/2001/04/xmlenc#sha256": hashlib.sha256,
    "http://www.w3.org/2007/05/xmldsig-more#sha3-256": hashlib.sha3_256,
}


def _verify_without_xmlsec1(case: Case) -> None:
    """A second, minimal verifier for the algorithms xmlsec1 1.2 lacks (exclusive C14N only):
    enveloped URI="" reference, #SignedProperties, then the SignatureValue over SignedInfo."""
    root = etree.fromstring(case.data)
    signature = root.find(f"{{{DSIG}}}Signature")
    assert signature is not None
    signed_info = signature.find(f"{{{DSIG}}}SignedInfo")
    assert signed_info is not None
    for reference in signed_info.iterfind(f"{{{DSIG}}}Reference"):
        algorithms = [t.get("Algorithm") for t in reference.iter(f"{{{DSIG}}}Transform")]
        assert algorithms[-1] == "http://www.w3.org/2001/10/xml-exc-c14n#"
        uri = reference.get("URI")
        if uri == "":
            copy = etree.fromstring(case.data)
            copy.remove(copy.find(f"{{{DSIG}}}Signature"))
            covered: bytes = etree.tostring(copy.getroottree(), method="c14n", exclusive=True)
        else:
            assert uri == "#SignedProperties"
            target = root.find(f".//{{{XADES}}}SignedProperties")
            assert target is not None
            covered = _c14n_exclusive(target)
        method = reference.find(f"{{{DSIG}}}DigestMethod")
        assert method is not None
        digest = HASH[method.get("Algorithm", "")](covered).digest()
        assert base64.b64encode(digest).decode() == reference.findtext(f"{{{DSIG}}}DigestValue"), case.name
    cert = x509.load_der_x509_certificate(base64.b64decode(signature.findtext(f".//{{{DSIG}}}X509Certificate") or ""))
    value = base64.b64decode(signature.findtext(f"{{{DSIG}}}SignatureValue") or "")
    data = _c14n_exclusive(signed_info)
    method = signed_info.find(f"{{{DSIG}}}SignatureMethod")
    assert method is not None
    uri = method.get("Algorithm", "")
    key = cert.public_key()
    if uri.endswith("sha256-rsa-MGF1") or uri.endswith("sha3-256-rsa-MGF1"):
        algorithm: hashes.HashAlgorithm = hashes.SHA256() if "sha256-rsa" in uri else hashes.SHA3_256()
        assert isinstance(key, rsa.RSAPublicKey)
        key.verify(value, data, padding.PSS(padding.MGF1(algorithm), algorithm.digest_size), algorithm)
    elif uri.endswith("ecdsa-sha3-256"):
        assert isinstance(key, ec.EllipticCurvePublicKey)
        half = len(value) // 2
        der = encode_dss_signature(int.from_bytes(value[:half], "big"), int.from_bytes(value[half:], "big"))
        key.verify(der, data, ec.ECDSA(hashes.SHA3_256()))
    else:
        assert uri == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", uri
        assert isinstance(key, rsa.RSAPublicKey)
        key.verify(value, data, padding.PKCS1v15(), hashes.SHA256())


def test_cases_xmlsec1_cannot_verify_pass_an_independent_check(corpus: dict[str, Case]) -> None:
    unchecked = [c for c in corpus.values() if c.expect == "accept" and c.xmlsec1 is None]
    assert {c.name for c in unchecked} == {"rsa_pss_sha256", "rsa_pss_sha3_256", "ecdsa_sha3_256", "digest_sha3_256"}
    for case in unchecked:
        _verify_without_xmlsec1(case)
    tampered = corpus["rsa_pss_sha256"].data.replace(CHALLENGE.encode(), CHALLENGE[:-2].encode() + b"00")
    with pytest.raises(AssertionError):
        _verify_without_xmlsec1(Case("t", tampered, "refuse", "tampered", None, "", "x"))


def test_container_and_foreign_formats_are_what_they_claim(corpus: dict[str, Case]) -> None:
    assert corpus["pdf"].data.startswith(b"%PDF-1.7") and corpus["pdf"].data.rstrip().endswith(b"%%EOF")
    assert corpus["cades_p7s"].data[:1] == b"\x30"  # DER SEQUENCE (ContentInfo)
    with zipfile.ZipFile(io.BytesIO(corpus["asic_zip"].data)) as archive:
        assert archive.namelist()[0] == "mimetype"
        assert archive.read("mimetype") == b"application/vnd.etsi.asic-e+zip"
    assert corpus["utf16_encoded"].data[:2] in (b"\xff\xfe", b"\xfe\xff")
    assert b"\r\n" in corpus["resave_windows1250_crlf"].data
    refs = etree.fromstring(corpus["too_many_references"].data).findall(f".//{{{DSIG}}}Reference")
    assert len(refs) == 2501


def _openssl() -> str:
    found = shutil.which("openssl")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("openssl is missing (Debian package openssl)")
    pytest.skip("openssl is not installed")


def test_time_stamp_tokens_and_cms_verify_with_openssl(corpus: dict[str, Case], tmp_path: Path) -> None:
    openssl = _openssl()
    tsa = certs.timestamp_authority()
    pem = serialization.Encoding.PEM
    (tmp_path / "root.pem").write_bytes(tsa.chain[-1].public_bytes(pem))
    (tmp_path / "chain.pem").write_bytes(b"".join(c.public_bytes(pem) for c in (tsa.cert, *tsa.chain[:-1])))
    for name in ("xades_t_timestamp", "xades141_archive_timestamp"):
        root = etree.fromstring(corpus[name].data)
        stamp = root.find(f".//{{{XADES}}}SignatureTimeStamp/{{{XADES}}}EncapsulatedTimeStamp")
        value = root.find(f".//{{{DSIG}}}SignatureValue")
        assert stamp is not None and stamp.text and value is not None
        (tmp_path / "token.der").write_bytes(base64.b64decode(stamp.text))
        imprint = hashlib.sha256(etree.tostring(value, method="c14n", exclusive=True)).hexdigest()
        command = [openssl, "ts", "-verify", "-token_in", "-in", "token.der", "-digest", imprint]
        command += ["-CAfile", "root.pem", "-untrusted", "chain.pem"]
        result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
        assert result.returncode == 0 and "Verification: OK" in result.stdout, (name, result.stderr)
    (tmp_path / "case.p7s").write_bytes(corpus["cades_p7s"].data)
    command = [openssl, "cms", "-verify", "-inform", "DER", "-in", "case.p7s", "-noverify", "-out", "content.xml"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert b"<AuthTokenRequest" in (tmp_path / "content.xml").read_bytes()


def test_manifest_lists_every_case(corpus: dict[str, Case]) -> None:
    assert MANIFEST.read_text(encoding="utf-8") == manifest(list(corpus.values()), NIP)
