"""OCR confidence, as the extraction keeps it and the normalization judges it."""
import math

LOW_CONFIDENCE = 80.0  # below this, a word is not trusted (Tesseract's confidence, 0-100)


def tenth(confidence: float) -> str:
    """A confidence to a tenth, rounded down: 79.96 reads 79.9, never the threshold it is under."""
    return f"{math.floor(confidence * 10) / 10:g}"
