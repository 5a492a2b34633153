-- An upload abandoned mid-import (cancelled, or its page closed) is rolled back and recorded as such.
ALTER TYPE "ImportStatus" ADD VALUE 'cancelled';
