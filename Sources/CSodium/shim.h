// The only C header PlaceSync includes: libsodium, used by PlaceCrypto alone.
#include <sodium.h>
