"""Report execution, rendering, publishing and scheduling (public API assembled at integration)."""
