"""Spoken answers: the offline speech model, transcription with word timings, and delivery measures.

A plain library like `scoring/`: no web framework, no database.
"""
