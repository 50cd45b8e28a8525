#!/usr/bin/python3
"""Sign a Google service-account assertion through libtwoleg's C API with ctypes.

    sign_assertion.py [--lib PATH] [--scope SCOPE] [--check] KEY.json

Prints the assertion (a compact RS256 JWT). With --check, it also verifies
the signature with the openssl command (`openssl dgst -sha256 -verify`)
against the public half of the key file's private_key, independently of
twoleg. The library is PATH, else $TWOLEG_LIBRARY, else libtwoleg.so.0 from
the dynamic loader's search path (LD_LIBRARY_PATH, ldconfig). Standard
library only.
"""
import argparse
import base64
import ctypes
import json
import os
import subprocess
import sys
import tempfile

TWOLEG_OK = 0
TWOLEG_E_BUFFER_TOO_SMALL = -2
TWOLEG_E_VERIFY = -80


class AssertionOptions(ctypes.Structure):
    """struct twoleg_assertion_options (twoleg.h); struct_size must be set."""
    _fields_ = [
        ("struct_size", ctypes.c_size_t),
        ("kind", ctypes.c_int),
        ("scope", ctypes.c_char_p),
        ("subject", ctypes.c_char_p),
        ("audience", ctypes.c_char_p),
        ("target_audience", ctypes.c_char_p),
        ("client_email", ctypes.c_char_p),
        ("private_key_id", ctypes.c_char_p),
        ("issued_at", ctypes.c_int64),
        ("clock_offset", ctypes.c_int64),
        ("lifetime", ctypes.c_int64),
    ]


class ErrorInfo(ctypes.Structure):
    _fields_ = [
        ("status", ctypes.c_int),
        ("message", ctypes.c_char_p),
        ("offset", ctypes.c_size_t),
    ]


class TwolegError(Exception):
    pass


class Twoleg:
    """The few twoleg.h functions this script needs, with their C signatures."""

    def __init__(self, path):
        lib = ctypes.CDLL(path)
        key_p = ctypes.c_void_p
        self._sig(lib.twoleg_version, ctypes.c_char_p, [])
        self._sig(lib.twoleg_status_message, ctypes.c_char_p, [ctypes.c_int])
        self._sig(lib.twoleg_key_load_ex, ctypes.c_int,
                  [ctypes.c_void_p, ctypes.c_size_t, ctypes.POINTER(key_p), ctypes.POINTER(ErrorInfo)])
        self._sig(lib.twoleg_key_free, None, [key_p])
        self._sig(lib.twoleg_key_size, ctypes.c_size_t, [key_p])
        self._sig(lib.twoleg_key_client_email, ctypes.c_char_p, [key_p])
        self._sig(lib.twoleg_sign_rs256, ctypes.c_int,
                  [key_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t])
        self._sig(lib.twoleg_verify_rs256, ctypes.c_int,
                  [key_p, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p, ctypes.c_size_t])
        self._sig(lib.twoleg_assertion, ctypes.c_int,
                  [key_p, ctypes.POINTER(AssertionOptions), ctypes.c_char_p, ctypes.c_size_t,
                   ctypes.POINTER(ctypes.c_size_t), ctypes.POINTER(ErrorInfo)])
        self.lib = lib

    @staticmethod
    def _sig(fn, restype, argtypes):
        fn.restype = restype
        fn.argtypes = argtypes

    def message(self, status):
        return self.lib.twoleg_status_message(status).decode()

    def load_key(self, data):
        key = ctypes.c_void_p()
        info = ErrorInfo()
        status = self.lib.twoleg_key_load_ex(data, len(data), ctypes.byref(key), ctypes.byref(info))
        if status != TWOLEG_OK:
            where = "" if info.offset == ctypes.c_size_t(-1).value else f" (at byte {info.offset})"
            raise TwolegError(info.message.decode() + where)
        return key

    def assertion(self, key, scope):
        opts = AssertionOptions()  # zeroed: every field's default
        opts.struct_size = ctypes.sizeof(AssertionOptions)
        opts.scope = scope.encode()
        needed = ctypes.c_size_t(0)
        info = ErrorInfo()
        status = self.lib.twoleg_assertion(key, ctypes.byref(opts), None, 0, ctypes.byref(needed), None)
        if status != TWOLEG_E_BUFFER_TOO_SMALL:
            raise TwolegError(self.message(status))
        buf = ctypes.create_string_buffer(needed.value)
        status = self.lib.twoleg_assertion(key, ctypes.byref(opts), buf, len(buf), ctypes.byref(needed),
                                           ctypes.byref(info))
        if status != TWOLEG_OK:
            raise TwolegError(info.message.decode())
        return buf.value.decode()

    def sign_and_verify(self, key, message):
        size = self.lib.twoleg_key_size(key)
        sig = ctypes.create_string_buffer(size)
        status = self.lib.twoleg_sign_rs256(key, message, len(message), sig, size)
        if status != TWOLEG_OK:
            raise TwolegError(self.message(status))
        if self.lib.twoleg_verify_rs256(key, message, len(message), sig, size) != TWOLEG_OK:
            raise TwolegError("a fresh signature did not verify")
        altered = bytearray(sig.raw)
        altered[-1] ^= 1
        altered = bytes(altered)
        if self.lib.twoleg_verify_rs256(key, message, len(message), altered, size) != TWOLEG_E_VERIFY:
            raise TwolegError("an altered signature was not refused")
        return sig.raw


def b64url_decode(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def openssl_check(jwt, key_json):
    """Verifies the JWT's RS256 signature with the openssl command."""
    header, payload, signature = jwt.split(".")
    private_pem = json.loads(key_json)["private_key"].encode()
    with tempfile.TemporaryDirectory() as tmp:
        pub = os.path.join(tmp, "pub.pem")
        subprocess.run(["openssl", "pkey", "-pubout", "-out", pub], input=private_pem, check=True)
        sig_file = os.path.join(tmp, "sig.bin")
        with open(sig_file, "wb") as f:
            f.write(b64url_decode(signature))
        r = subprocess.run(["openssl", "dgst", "-sha256", "-verify", pub, "-signature", sig_file],
                           input=f"{header}.{payload}".encode(), capture_output=True)
        if r.returncode != 0 or b"Verified OK" not in r.stdout:
            raise TwolegError("openssl refused the signature: " + (r.stdout + r.stderr).decode().strip())
    claims = json.loads(b64url_decode(payload))
    if json.loads(b64url_decode(header)).get("alg") != "RS256" or claims["exp"] - claims["iat"] != 3600:
        raise TwolegError("unexpected header or claims: " + json.dumps(claims))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("key")
    parser.add_argument("--lib", default=os.environ.get("TWOLEG_LIBRARY", "libtwoleg.so.0"))
    parser.add_argument("--scope", default="https://www.googleapis.com/auth/spreadsheets.readonly")
    parser.add_argument("--check", action="store_true", help="verify the result with the openssl command")
    args = parser.parse_args()

    twoleg = Twoleg(args.lib)
    with open(args.key, "rb") as f:
        key_json = f.read()
    key = twoleg.load_key(key_json)
    try:
        email = twoleg.lib.twoleg_key_client_email(key)
        print(f"twoleg {twoleg.lib.twoleg_version().decode()} via ctypes, key for "
              f"{email.decode() if email else '(no service account)'}", file=sys.stderr)
        twoleg.sign_and_verify(key, b"hello from Python")
        jwt = twoleg.assertion(key, args.scope)
    finally:
        twoleg.lib.twoleg_key_free(key)
    if args.check:
        openssl_check(jwt, key_json)
        print("openssl dgst -sha256 -verify: Verified OK", file=sys.stderr)
    print(jwt)


if __name__ == "__main__":
    try:
        main()
    except (TwolegError, OSError, subprocess.CalledProcessError) as e:
        print(f"sign_assertion.py: {e}", file=sys.stderr)
        sys.exit(1)
