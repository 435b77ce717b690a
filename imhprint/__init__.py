"""Build print-ready infant mental health leaflets and posters from YAML content."""

__version__ = "0.1.0"
