package io.tickflow.scid.tools;

/** Output formats of the dump tools: CSV with a header line, or JSON with one object per line. */
public enum DumpFormat { CSV, JSON }
