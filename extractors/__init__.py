"""Text in, structured mentions out: reading, segmentation and extraction. No database I/O."""
