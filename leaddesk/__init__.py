"""LeadDesk: an offline desktop lead manager.

The version below is the one place the version number lives; the package
metadata, the command line, the About dialog and the installers all read it.
"""

__version__ = "0.1.0"
