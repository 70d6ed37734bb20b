"""Mentions in, knowledge graph out: entity resolution, graph building, exports and Neo4j."""
