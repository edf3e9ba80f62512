"""OParl 1.1 read API for the council (https://oparl.org/spezifikation/): /oparl/v1/system."""
