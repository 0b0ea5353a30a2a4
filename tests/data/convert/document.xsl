<?xml version="1.0"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text"/>
  <xsl:template match="/">
    <xsl:value-of select="document('http://127.0.0.1:1/x.xml')"/>
    <xsl:value-of select="document('/etc/hostname')"/>
  </xsl:template>
</xsl:stylesheet>
