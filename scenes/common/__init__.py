"""Pieces every video family shares: style, text, recordings, lesson structure, mobjects."""
