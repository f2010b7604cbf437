"""The result tables (CODEBOOK §5), their Parquet round trip and notebook display."""

from ._result import Result, build_tables, read_result

__all__ = ["Result", "build_tables", "read_result"]
