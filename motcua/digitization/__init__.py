"""Digitization (số hóa): scans in, checked, normalised, OCR'd to PDF/A, stored with checksums."""
