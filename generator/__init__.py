"""specgen: Binance documentation pages -> YAML endpoint specs -> a typed Python client."""

__version__ = "0.1.0"
